"""The live preview: what ``serve`` keeps between two rebuilds, behind one object.

A build asks its :class:`~.memory.Memory` wherever work could be reused; a plain build's
memory keeps nothing, a preview's (:class:`~.preview.Preview`) keeps the model's inputs,
the media store, the pages and their files, and watches the workspace. See the
architecture page of the guide for how a saved file reaches the browser.
"""
