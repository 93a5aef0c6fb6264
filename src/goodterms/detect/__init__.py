"""What an email says, sentence by sentence: thanks, request, commitment, offer, intro, favor.

``detect(text)`` returns the acts found, most confident first; ``score(act, sentence)``
gives the probability from the trained ``thanks`` and ``request`` models. Pure
Python: the models are read from the shipped ``model.json``. See docs/detection.md.
"""

from goodterms.detect.classifier import ACTS, Act, detect, score, split_sentences

__all__ = ["ACTS", "Act", "detect", "score", "split_sentences"]
