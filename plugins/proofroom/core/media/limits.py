"""How much of each file a build renders: the media store makes it, the pages say so.

Kept apart from the store (which needs Pillow) so that pages can read these numbers
without loading any image library.
"""

DIFF_VERSIONS = 8  # difference images are made between the 8 newest versions of an image
DIFF_PAGES = 20  # and between the first 20 pages of two versions of a PDF
