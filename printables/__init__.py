"""PDF printables: plain data in, PDF bytes out. No database, no request, no url_for."""
