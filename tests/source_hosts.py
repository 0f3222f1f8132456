"""Which web hosts may carry which ``source_quality`` label: the one list the
source audit (tests/test_data.py) reads.

A row of a sourced table in data/ cites its main source in ``source_url`` and
may name more in ``source`` (with their URLs). Every cited host must be listed
below, and a row's label may never be better than its weakest cited host:

* ``primer``   asean.org and its bodies' sites, the UN family, governments
               (an official page about the fact itself);
* ``sekunder`` news sites and wire services, universities and journals,
               encyclopaedias and aggregators of real documents: never ``primer``;
* ``lemah``    blogs and reposts, allowed only where nothing better exists;
* mirrors, staging and development hosts are never allowed at all.

An archived copy (web.archive.org) counts as the page it archives.
A new host makes the audit fail until someone decides where it belongs.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

RANK = {"lemah": 0, "sekunder": 1, "primer": 2}

#: staging, development and document-mirror hosts: never a citation
FORBIDDEN_HOSTS = re.compile(
    r"mneawp\.asean\.org|//staging\.|\bstaging\.[a-z]|mimsdev|docslib\.org|issuu\.com|123dok\.com|scribd\.com|"
    r"vdocuments\.|lawsdocbox\.com|slideblast\.com|homsy-staging|ilovetranslation\.com|docplayer\.|pdfcoffee\.com|"
    r"studylib\.net|studylibid\.com|pdfslide\.|fdocuments\.|fdokumen\.com|adoc\.pub|readkong\.com|online\.flipbuilder\.com|"
    r"anyflip\.com", re.I)

#: blogs, republishers and reposts: allowed only where nothing better exists, and then marked lemah
WEAK_HOSTS = re.compile(r"blogspot\.|flipbuilder\.com|sultanate\.com|canadianinquirer\.net|1343actionline\.ph|"
                        r"thuraswiss\.com|talkvietnam\.org|pic-hub\.org|wordpress\.com|\(blog copy", re.I)

#: official hosts (a suffix matches the host and its subdomains)
PRIMER = (
    "asean.org", "asean.or.id", "aseansec.org", "ahacentre.org", "aseanbiodiversity.org", "asean-phe.org",
    "aunsec.org", "aun-sec.org", "seagfoffice.org", "seamolec.org", "worldskillsasean.org", "worldskillsasean2025.com",
    "worldskills.org", "atc.sea-vet.net",
    "un.org", "who.int", "unicef.org", "undp.org", "unesco.org", "ilo.org", "reliefweb.int", "childmortality.org",
    "worldbank.org", "iso.org",
    "go.id", "go.th", "go.jp", "gov.ph", "gov.sg", "gov.au", "gov.kh", "gov.tl", "gov.my", "gov.bn", "gov.vn",
    "gov.la", "gov.mm",
)

#: news sites, wire services, universities, journals, encyclopaedias and other secondary hosts
SEKUNDER = (
    # news and wire services
    "aa.com.tr", "abc.net.au", "asiaone.com", "astroawani.com", "antaranews.com", "baodanang.vn", "baohoabinh.com.vn",
    "buletinsukan.com", "businessmirror.com.ph", "comuniti.org", "dantri.com.vn", "eaglenews.ph", "bisnis.com",
    "elevenmyanmar.com", "vietnamplus.vn", "ianslive.in", "jakartaglobe.id", "langit7.id", "hanoitimes.vn",
    "laodongxahoi.net", "malaymail.com", "nationthailand.com", "news.trust.org", "thaipbsworld.com", "philstar.com",
    "rappler.com", "sggpnews.org.vn", "sportbusiness.com", "tass.com", "theborneopost.com", "thejakartapost.com",
    "thepost.net.ph", "thesun.my", "timerilis.com", "tribune.net.ph", "reuters.com", "vietnam.vn", "vietnamnet.vn",
    "vietnamnews.vn", "wanista.com", "manilatimes.net", "ecns.cn", "cri.cn", "rmn.ph", "okezone.com",
    # universities, journals, research and humanitarian libraries
    "ac.id", "edu.vn", "edu.sg", "ukm.my", "doi.org", "alnap.org", "humanitarianlibrary.org", "tsunami-evaluation.org",
    # encyclopaedias, collections of texts, associations and platforms
    "wikisource.org", "cariasean.org", "aseaninsurancecouncil.org", "dipublico.org", "sea-vet.net",
)

_URL = re.compile(r"https?://[^\s);,\"']+")


def host(url: str) -> str:
    """The host a URL cites; an archived copy counts as the page it archives."""
    parsed = urlparse(url)
    name = (parsed.hostname or "").lower()
    if name.endswith("web.archive.org"):
        inner = _URL.search(parsed.path.replace("http:/w", "http://w").replace("https:/w", "https://w"))
        return host(inner.group(0)) if inner else name
    return name[4:] if name.startswith("www.") else name


def _match_length(name: str, suffixes) -> int:
    """Length of the longest listed suffix that matches the host (0: none)."""
    return max((len(s) for s in suffixes if name == s or name.endswith("." + s)), default=0)


def host_quality(url: str) -> str | None:
    """The best label a source on this URL's host may carry, "verboten" for a
    mirror, or None when the host is not listed yet."""
    if FORBIDDEN_HOSTS.search(url):
        return "verboten"
    if WEAK_HOSTS.search(url):
        return "lemah"
    name = host(url)
    primer, sekunder = _match_length(name, PRIMER), _match_length(name, SEKUNDER)
    if not (primer or sekunder):
        return None
    return "primer" if primer > sekunder else "sekunder"  # the more specific entry wins


def cited_urls(row: dict) -> list[str]:
    """source_url first, then every URL named in the source (and notes) text."""
    urls = [row.get("source_url") or ""]
    urls += _URL.findall(" ".join(row.get(k) or "" for k in ("source", "notes")))
    return [u.rstrip(".") for u in urls if u]
