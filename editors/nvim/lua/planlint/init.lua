-- planlint for Neovim 0.7 and later: starts `planlint lsp` for plan buffers.
--
-- Uses only APIs that exist in 0.7 (vim.lsp.start_client, buf_attach_client,
-- nvim_create_autocmd), so it also works where vim.lsp.start and vim.lsp.config do not.
-- One server runs per project root; every plan buffer under that root attaches to it.

local M = {}

local uv = vim.uv or vim.loop

local DEFAULTS = {
  -- The planlint command; the server runs it with "lsp" appended.
  planlint = { "planlint" },
  -- The whole server command; overrides `planlint` when set.
  cmd = nil,
  filetypes = { "plan" },
  -- Files or folders that mark a project root; without one, the file's folder is used.
  root_markers = { ".git", "pyproject.toml" },
  -- function(bufnr) -> root directory; overrides root_markers when set.
  root_dir = nil,
  settings = {},
  init_options = nil,
  capabilities = nil,
  -- function(client, bufnr), called when a buffer attaches.
  on_attach = nil,
  autostart = true,
}

local config = vim.deepcopy(DEFAULTS)
local clients = {} -- root directory -> client id
local reported_missing = false

local function server_cmd()
  if config.cmd then
    return config.cmd
  end
  local cmd = vim.deepcopy(config.planlint)
  table.insert(cmd, "lsp")
  return cmd
end

local function find_upward(dir, markers)
  while true do
    for _, marker in ipairs(markers) do
      if uv.fs_stat(dir .. "/" .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ":h")
    if parent == dir then
      return nil
    end
    dir = parent
  end
end

--- The project root of a buffer: the nearest folder with a root marker, else its folder.
function M.root_dir(bufnr)
  if config.root_dir then
    return config.root_dir(bufnr)
  end
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == "" then
    return vim.fn.getcwd()
  end
  local dir = vim.fn.fnamemodify(name, ":p:h")
  return find_upward(dir, config.root_markers) or dir
end

local function report_missing(cmd)
  if reported_missing then
    return
  end
  reported_missing = true
  local message = "planlint: cannot run %q; install it with pip install 'planlint[lsp]' "
    .. "or pass `planlint` or `cmd` to require('planlint').setup()"
  vim.notify(message:format(cmd[1]), vim.log.levels.ERROR)
end

local function client_config(root, cmd)
  return {
    name = "planlint",
    cmd = cmd,
    root_dir = root,
    settings = config.settings,
    init_options = config.init_options,
    capabilities = config.capabilities,
    on_attach = config.on_attach,
    on_exit = function(_, _, client_id)
      if clients[root] == client_id then
        clients[root] = nil
      end
    end,
  }
end

local function running_client(root)
  local id = clients[root]
  local client = id and vim.lsp.get_client_by_id(id)
  if client and not client.is_stopped() then
    return id
  end
  return nil
end

-- Neovim 0.7 has only start_client + buf_attach_client; 0.8 added vim.lsp.start, which
-- also reuses a running client with the same name and root, and 0.11 deprecates the rest.
local function start_and_attach(bufnr, root, cmd)
  if vim.lsp.start then
    return vim.lsp.start(client_config(root, cmd), { bufnr = bufnr })
  end
  local id = running_client(root) or vim.lsp.start_client(client_config(root, cmd))
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
  return id
end

local function current(bufnr)
  return (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
end

--- Attaches a buffer to the planlint server of its project, starting the server if needed.
function M.attach(bufnr)
  bufnr = current(bufnr)
  local cmd = server_cmd()
  if vim.fn.executable(cmd[1]) ~= 1 then
    report_missing(cmd)
    return nil
  end
  local root = M.root_dir(bufnr)
  local id = start_and_attach(bufnr, root, cmd)
  clients[root] = id
  return id
end

--- The planlint client attached to a buffer, if any.
function M.get_client(bufnr)
  bufnr = current(bufnr)
  local attached = vim.lsp.get_clients and vim.lsp.get_clients({ bufnr = bufnr })
    or vim.lsp.buf_get_clients(bufnr)
  for _, client in pairs(attached) do
    if client.name == "planlint" then
      return client
    end
  end
  return nil
end

local function plan_buffers()
  local found = {}
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    local loaded = vim.api.nvim_buf_is_loaded(bufnr)
    if loaded and vim.tbl_contains(config.filetypes, vim.bo[bufnr].filetype) then
      table.insert(found, bufnr)
    end
  end
  return found
end

--- Stops every planlint server and attaches the open plan buffers to fresh ones.
function M.restart()
  local stopping = vim.tbl_values(clients)
  clients = {}
  vim.lsp.stop_client(stopping)
  vim.wait(3000, function()
    for _, id in ipairs(stopping) do
      if vim.lsp.get_client_by_id(id) then
        return false
      end
    end
    return true
  end, 20)
  reported_missing = false
  for _, bufnr in ipairs(plan_buffers()) do
    M.attach(bufnr)
  end
end

--- Configures planlint; with `autostart`, plan buffers attach when their filetype is set.
function M.setup(opts)
  vim.validate({ opts = { opts, "table", true } })
  config = vim.tbl_deep_extend("force", vim.deepcopy(DEFAULTS), opts or {})
  reported_missing = false

  local group = vim.api.nvim_create_augroup("planlint", { clear = true })
  vim.api.nvim_create_user_command("PlanlintRestart", M.restart, {
    desc = "Restart the planlint language server",
  })
  if not config.autostart then
    return
  end
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = config.filetypes,
    callback = function(args)
      M.attach(args.buf)
    end,
  })
  for _, bufnr in ipairs(plan_buffers()) do
    M.attach(bufnr)
  end
end

return M
