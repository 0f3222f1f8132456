"""The exercise engine.

* ``model``    Exercise, Result, keys (ClearKey, SealedKey), BankError, InvalidAnswer, normalisation
* ``forms/``   one module per question form, and the registry (``FORMS``, ``form_of``)
* ``bank``     Bank (a Mapping id → Exercise, with lesson, title, objectives), load_bank, find_exercise
* ``schema``   the bank's JSON Schema (``bank.schema.json`` plus each form's fields), Indonesian messages
* ``checking`` check(): any answer → a Result, never an exception
* ``sealing``  sealed banks for student releases; ``locks`` the salted feedback locks
* ``answer_sheet`` the learner's saved answers
"""
