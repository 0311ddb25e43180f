# wss_repl: the name upydev's boot.py and host commands use (`import wss_repl;
# wss_repl.start(ssl=True)`, `wss_repl.set_ssl(True)`, `wss_repl.stop()`, and
# `stream=wss_repl.client_swr` in upydev's fast get). Everything is upyd_wss; upyd_wss keeps
# `client_swr` here up to date while a client is connected.
__version__ = '0.1.0'

from upyd_wss import start, stop, set_ssl, info, accept_conn  # noqa: F401

client_swr = None
