"""The built-in jurisdiction profiles of random-inspection.

Each module or package is one profile, registered under the entry-point group ``random_inspection.profiles``
exactly as a third-party profile package would be. The national root, the 31 provincial-level divisions and the
city layers (洛阳, 永州) declare where each bureau sits; they set no rules, because no document of theirs is among the
sources — where a document is silent, nothing is invented.
"""
