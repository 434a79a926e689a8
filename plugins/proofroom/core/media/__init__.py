"""Media: kinds, thumbnails, PDF pages, video facts, difference images, the content
cache and the channel checks."""
