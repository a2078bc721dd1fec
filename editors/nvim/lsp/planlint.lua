-- Configuration of the planlint language server for Neovim 0.11+ (`:help lsp-config`).
-- With editors/nvim on 'runtimepath', `vim.lsp.enable("planlint")` is all it takes.

return {
  cmd = { "planlint", "lsp" },
  filetypes = { "plan" },
  root_markers = { ".git", "pyproject.toml" },
}
