"""Pages: a document model and its renderers (text, Markdown, HTML), the summary, the doctor sheet, the family
notes, the call-now boxes, the browsing pages and trends. Pure: no I/O."""
