"""The one error type of the engine: a malformed problem, with every fault found."""


class ProblemError(ValueError):
    """The problem document breaks the meeting-problem/1 contract.

    `faults` lists (JSON path, French message) pairs, one per fault, in document order.
    """

    def __init__(self, faults: list[tuple[str, str]]):
        self.faults = list(faults)
        lines = "\n".join(f"- {path} : {message}" for path, message in self.faults)
        super().__init__(f"Problème invalide ({len(self.faults)} erreur(s)) :\n{lines}")
