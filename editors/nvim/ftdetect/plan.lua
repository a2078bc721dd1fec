-- Filetype detection for DAG execution plans; works on Neovim 0.7 and later.
--
-- `*.plan.md` and `dag.md` also match Neovim's own `*.md` rule, which runs first and
-- uses `:setfiletype`, so these autocommands set the filetype outright. A file of
-- another type whose first line is a STAGE marker is a plan too.

local group = vim.api.nvim_create_augroup("planlint_ftdetect", { clear = true })

vim.api.nvim_create_autocmd({ "BufNewFile", "BufRead" }, {
  group = group,
  pattern = { "*.plan", "*.plan.md", "*.plan.txt", "dag.md" },
  callback = function()
    vim.bo.filetype = "plan"
  end,
})

local BOM = "\239\187\191"

local function starts_with_stage_marker(line)
  if line:sub(1, #BOM) == BOM then
    line = line:sub(#BOM + 1)
  end
  return line:sub(1, 11) == "## STAGE ##"
end

vim.api.nvim_create_autocmd("BufRead", {
  group = group,
  pattern = "*",
  callback = function(args)
    local filetype = vim.bo[args.buf].filetype
    if filetype ~= "" and filetype ~= "text" and filetype ~= "markdown" then
      return
    end
    local first = vim.api.nvim_buf_get_lines(args.buf, 0, 1, false)[1] or ""
    if starts_with_stage_marker(first) then
      vim.bo[args.buf].filetype = "plan"
    end
  end,
})
