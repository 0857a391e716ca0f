-- Print one machine-readable line after a wrk run: requests per second and
-- latency percentiles in milliseconds.
--
-- With arguments (wrk ... -s report.lua URL -- /search/?q= RUN word1 word2 ...),
-- each request asks the path prefix with the next word and a marker no other
-- request of any run uses (RUN differs per run), so no cache keeps an answer:
-- every search is worked out afresh.
local prefix, run, words, counter = nil, nil, {}, 0
local threads = 0

setup = function(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

init = function(args)
  if #args > 0 then
    prefix, run = args[1], args[2]
    for i = 3, #args do words[#words + 1] = args[i] end
  end
end

request = function()
  if prefix == nil then
    return wrk.request()
  end
  counter = counter + 1
  local word = words[(counter % #words) + 1]
  return wrk.format(nil, prefix .. word .. "&fresh=" .. run .. "-" .. thread_number .. "-" .. counter)
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    'JSON {"rps": %.2f, "p50": %.3f, "p95": %.3f, "p99": %.3f, "errors": %d, "non2xx": %d}\n',
    summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    errors, summary.errors.status))
end
