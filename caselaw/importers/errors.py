"""The one error the importers raise for input they refuse."""


class DocketImportError(Exception):
    """Input the importer refuses, with a sentence a paralegal understands."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
