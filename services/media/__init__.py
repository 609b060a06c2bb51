"""Post-event media: at most 5 photos or 3 minutes of original video per unit.

- files.py: what a file really is (``sniff``, ``probe``), where originals and thumbnails live;
- items.py: the unit's set and its limits (``add_files``, ``items_of``, ``set_chosen``,
  ``zip_stream`` of the originals with credits);
- uploads.py: resumable chunked uploads (``start_upload``, ``append_chunk``, ``finish_upload``).
"""
