"""A user's own account: personal API tokens for scripts and two-factor sign-in."""
