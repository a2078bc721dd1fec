-- Drives Neovim (0.7 and later) headless with editors/nvim's planlint setup:
-- opens each file of $PLANLINT_FILES, waits for the server's diagnostics and
-- prints them as JSON lines, then hovers at $PLANLINT_HOVER ("line:bytecol",
-- 1-based line, in the first file). A Lua error ends nvim with status 1;
-- headless Neovim would otherwise hang on it.

local function out(value)
  io.stdout:write(vim.fn.json_encode(value) .. "\n")
end

local function split(name)
  return vim.split(os.getenv(name) or "", "\t", { trimempty = true })
end

local received = {}

local function watch_diagnostics()
  local original = vim.lsp.handlers["textDocument/publishDiagnostics"]
  vim.lsp.handlers["textDocument/publishDiagnostics"] = function(err, result, ctx, config)
    if result then
      received[result.uri] = true
    end
    return original(err, result, ctx, config)
  end
end

local function code_of(d)
  local lsp = d.user_data and d.user_data.lsp
  return d.code or (lsp and lsp.code)
end

local function dump_diagnostics(file)
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  local uri = vim.uri_from_bufnr(bufnr)
  if not vim.wait(20000, function() return received[uri] end, 10) then
    error("no diagnostics for " .. file)
  end
  out({ file = file, filetype = vim.bo[bufnr].filetype, count = #vim.diagnostic.get(bufnr) })
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    out({
      file = file, code = code_of(d), lnum = d.lnum, col = d.col,
      end_lnum = d.end_lnum, end_col = d.end_col, severity = d.severity,
    })
  end
  return bufnr
end

local function hover(bufnr, where)
  local line, col = where:match("(%d+):(%d+)")
  vim.api.nvim_set_current_buf(bufnr)
  vim.api.nvim_win_set_cursor(0, { tonumber(line), tonumber(col) })
  local params = vim.lsp.util.make_position_params()
  local answers = vim.lsp.buf_request_sync(bufnr, "textDocument/hover", params, 10000)
  for _, answer in pairs(answers or {}) do
    if answer.err then
      error(vim.inspect(answer.err))
    end
    local contents = answer.result and answer.result.contents
    out({ hover = contents and contents.value, character = params.position.character })
  end
end

local function main()
  watch_diagnostics()
  require("planlint").setup({ cmd = split("PLANLINT_LSP_CMD") })
  local buffers = {}
  for _, file in ipairs(split("PLANLINT_FILES")) do
    table.insert(buffers, dump_diagnostics(file))
  end
  hover(buffers[1], os.getenv("PLANLINT_HOVER"))
  for _, client in pairs(vim.lsp.get_active_clients()) do
    client.stop()
  end
  vim.wait(3000, function() return #vim.lsp.get_active_clients() == 0 end, 20)
end

local ok, err = pcall(main)
if not ok then
  out({ error = tostring(err) })
  vim.cmd("cquit 1")
end
vim.cmd("qall!")
