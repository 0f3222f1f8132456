"""Deployment: how the course is served to students.

``student_mode.py`` is ``python -m lessons mulai``: Voilà on the course's
``notebooks/`` folder with Beranda as the landing page (one student per
computer). ``voila_settings.py`` holds the Voilà settings that every way of
serving the course shares. Nothing in the lesson layers imports this package;
it ships in the student release (a release's students start it too).
"""
