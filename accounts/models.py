# Accounts use Django's built-in User; roles are groups (see accounts/roles.py).
