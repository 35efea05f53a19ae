"""The employer registration journey: account, task list, questions, check answers."""
