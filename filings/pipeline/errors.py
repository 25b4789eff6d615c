class PermanentProcessingError(Exception):
    """The file itself is the problem; retrying cannot help. The message is for a paralegal."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
