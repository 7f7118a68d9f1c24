"""The review's screens, one module per audience and task: the Office's queue,
its review of an entry and its feedback rounds; and what the contributing
organisations see of the review and of the rounds in the portal."""
