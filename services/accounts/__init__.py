"""Accounts and logins (auth.py): ``authenticate`` with throttling of failed attempts,
``save_user``, password rules, one-time set-password links (``make_set_password_token``,
``user_for_set_password_token``, ``set_password``), ``volunteers``."""
