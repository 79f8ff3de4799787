-- Headless Neovim (0.7.2) as a client of `concur lsp`: open a racy file, receive the diagnostics,
-- request hover and code actions, apply the `with lock:` fix and see the finding go, then stop the
-- server (shutdown + exit, exit code 0). Run by run.sh; prints "ok" or fails with a message.
local bin = assert(os.getenv("CONCUR_BIN"), "CONCUR_BIN not set")
local root = assert(os.getenv("WORKSPACE"), "WORKSPACE not set")
local file = root .. "/race.py"

local function check(cond, msg, ...)
  if not cond then
    error(string.format(msg, ...), 2)
  end
end

local exit_code = nil
local function main()
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].filetype = "python"
  local client_id = vim.lsp.start_client({
    name = "concur",
    cmd = { bin, "lsp", "--stdio" },
    root_dir = root,
    settings = { concur = { select = {}, ignore = {} } },
    on_exit = function(code) exit_code = code end,
  })
  check(client_id, "the client did not start")
  vim.lsp.buf_attach_client(buf, client_id)
  local client = vim.lsp.get_client_by_id(client_id)

  -- Diagnostics: one CC201 at `counter += 1` (line 10 in the editor, 0-based 9, column 8).
  check(vim.wait(15000, function() return #vim.diagnostic.get(buf) > 0 end, 20),
    "no diagnostics arrived")
  local diags = vim.diagnostic.get(buf)
  check(#diags == 1, "expected 1 diagnostic, got %d", #diags)
  local d = diags[1]
  check(d.code == "CC201", "code %s", tostring(d.code))
  check(d.lnum == 9 and d.col == 8 and d.end_col == 20, "range %d:%d-%d", d.lnum, d.col, d.end_col)
  check(d.severity == vim.diagnostic.severity.ERROR, "severity %s", tostring(d.severity))
  check(d.source == "concur", "source %s", tostring(d.source))

  -- Hover on the write.
  vim.api.nvim_win_set_cursor(0, { 10, 10 })
  local params = vim.lsp.util.make_position_params()
  local res = client.request_sync("textDocument/hover", params, 10000, buf)
  check(res and res.result, "no hover: %s", vim.inspect(res))
  local value = res.result.contents.value
  check(value:find("CC201", 1, true) and value:find("unsynchronized-shared-write", 1, true)
    and value:find("What it does", 1, true), "hover text: %s", value)

  -- Code actions on the line: the lock fix first, then the suppression.
  local rparams = vim.lsp.util.make_range_params()
  rparams.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buf) }
  res = client.request_sync("textDocument/codeAction", rparams, 10000, buf)
  check(res and res.result and #res.result == 2, "code actions: %s", vim.inspect(res))
  check(res.result[1].title == "Hold `lock` around this write (with lock:)", "title %s",
    res.result[1].title)
  check(res.result[2].title:find("concur: ignore[CC201]", 1, true), "title %s", res.result[2].title)

  -- Apply the lock fix in the buffer: Neovim sends the change, the finding goes.
  vim.lsp.util.apply_workspace_edit(res.result[1].edit, client.offset_encoding)
  local lines = vim.api.nvim_buf_get_lines(buf, 9, 11, false)
  check(lines[1] == "        with lock:" and lines[2] == "            counter += 1",
    "edited lines: %s", vim.inspect(lines))
  check(vim.wait(15000, function() return #vim.diagnostic.get(buf) == 0 end, 20),
    "the finding did not go after the fix: %s", vim.inspect(vim.diagnostic.get(buf)))

  -- Stop: shutdown then exit; the server ends with 0.
  client.stop()
  check(vim.wait(10000, function() return exit_code ~= nil end, 20), "the server did not exit")
  check(exit_code == 0, "server exit code %s", tostring(exit_code))
end

local ok, err = pcall(main)
if ok then
  io.stdout:write("ok\n")
  vim.cmd("qall!")
else
  io.stderr:write("nvim test failed: " .. tostring(err) .. "\n")
  vim.cmd("cquit 1")
end
