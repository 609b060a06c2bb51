-- wrk script: POST /api/v1/scans with a random demo badge token and a fresh client_scan_id.
local tokens = {}
local bearer = os.getenv("SCAN_BEARER")
for line in io.lines(os.getenv("SCAN_TOKENS")) do tokens[#tokens + 1] = line end

local counter = 0
local function uuid()
  counter = counter + 1
  local hex = "0123456789abcdef"
  local s = {}
  for i = 1, 32 do
    local r = math.random(1, 16)
    s[i] = hex:sub(r, r)
  end
  s[13] = "4"
  local id = table.concat(s)
  return id:sub(1, 8) .. "-" .. id:sub(9, 12) .. "-" .. id:sub(13, 16) .. "-" .. id:sub(17, 20) .. "-" .. id:sub(21, 32)
end

function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1e6) + tonumber(tostring({}):sub(8), 16) % 100000)
end

request = function()
  local body = string.format('{"code":"%s","client_scan_id":"%s"}', tokens[math.random(1, #tokens)], uuid())
  return wrk.format("POST", "/api/v1/scans", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. bearer,
  }, body)
end
