"""`planlint lsp`: the language server, the only package that imports pygls.

`server.py` registers the handlers; each feature is a pure function in its own
module, over an `analysis.View` of a plan, with positions converted in
`positions.py` only.
"""
