"""Every figure also drawn in Chinese, for readers who present in Chinese.

A chapter draws each figure once, in English. `figures.save` then redraws the same figure
with every text looked up in the chapter's catalog (`strings/<chapter>.yaml`, all of a
chapter's Chinese strings in one file) and set in Noto Sans SC, which ships inside a PyPI
wheel: the build needs neither root nor a download.

    catalog.load(chapter)      the chapter's strings (and the shared ones)
    draw.redraw(fig, catalog)  the figure in Chinese, in place; returns what stayed English
"""
