# Run limits (docs/model-format.md#limits): each one reached quickly with a small limit on the M/M/1
# model stops the run with exit code 2, a message naming the limit and how to raise it, and no file.
set(limits_mm1 ${PROJECT_SOURCE_DIR}/models/teaching/mm1.yaml)
set(limits_expect ${CMAKE_CURRENT_SOURCE_DIR}/expect_bad_input.sh $<TARGET_FILE:greenfab>)

# 14 h of arrivals every 75 s on average: about 670 arrivals (under the limit, so check accepts it) but
# two events each (arrival, end of service), so the run needs more than 1000 events.
add_test(NAME cli.run_limit_events_stops_the_run
         COMMAND ${limits_expect}
                 "mm1\\.yaml: error: run\\.limits\\.events: replication 0 stopped after 1000 events at simulated time .* of 14 h .*--set run\\.limits\\.events=10000$"
                 run ${limits_mm1} --reps 1 --warmup 0s --horizon 14h --set run.limits.events=1000 -q
                 -o ${CMAKE_CURRENT_BINARY_DIR}/limit_events.h5)
# Arrivals every 30 s for a server needing 60 s: the queue grows by about one part a minute.
add_test(NAME cli.run_limit_wip_stops_an_unstable_line
         COMMAND ${limits_expect}
                 "mm1\\.yaml: error: run\\.limits\\.wip: replication 0 stopped at simulated time .* with 101 parts in the system .*--set run\\.limits\\.wip=1000$"
                 run ${limits_mm1} --reps 1 --set "release.interarrival=exp(30s)" --set run.limits.wip=100 -q
                 -o ${CMAKE_CURRENT_BINARY_DIR}/limit_wip.h5)
# One arrival a second for a server needing a minute: millions of parts, so memory passes 64 MB first.
add_test(NAME cli.run_limit_memory_stops_a_growing_replication
         COMMAND ${limits_expect}
                 "mm1\\.yaml: error: run\\.limits\\.memory: replication 0 stopped at simulated time .* using [0-9]+ MB of memory \\(limit run\\.limits\\.memory = 64 MB.*--set run\\.limits\\.memory=128MB$"
                 run ${limits_mm1} --reps 1 --warmup 0s --horizon 8w --set "release.interarrival=exp(1s)"
                 --set run.limits.wip=1e9 --set run.limits.memory=64MB -q
                 -o ${CMAKE_CURRENT_BINARY_DIR}/limit_memory.h5)
# check agrees with run: a model whose arrivals alone exceed the event limit is refused before running.
add_test(NAME cli.check_refuses_more_arrivals_than_the_event_limit
         COMMAND ${limits_expect}
                 "release\\.interarrival: a mean of 75 s between arrivals gives about 3\\.46e\\+04 arrivals .*run\\.limits\\.events = 1000"
                 check ${limits_mm1} --set run.limits.events=1000)
# The same through trace, which simulates in its own process.
add_test(NAME cli.trace_stops_at_the_event_limit
         COMMAND ${limits_expect} "run\\.limits\\.events: replication 0 stopped after 1000 events"
                 trace ${limits_mm1} --until 14h --set run.warmup=0s --set run.horizon=14h
                 --set run.limits.events=1000)
add_test(NAME cli.run_refuses_replications_beyond_max_tasks
         COMMAND ${limits_expect} "run\\.replications: '2147483647' is too large \\(at most 10000000\\)"
                 run ${limits_mm1} --reps 2147483647 -o ${CMAKE_CURRENT_BINARY_DIR}/limit_reps.h5)
# Limits are checked values too.
add_test(NAME cli.run_limits_must_be_whole_numbers
         COMMAND ${limits_expect} "run\\.limits\\.events: must be a whole number from 1 to 1e15, got '1\\.5'"
                 check ${limits_mm1} --set run.limits.events=1.5)
add_test(NAME cli.run_limits_memory_needs_a_unit
         COMMAND ${limits_expect} "run\\.limits\\.memory: .*has no unit: expected an amount of memory"
                 check ${limits_mm1} --set run.limits.memory=4000)
# In a sweep a scenario at a limit is a failed task (exit 1) whose status carries the message; the
# stable scenario's tasks complete.
add_test(NAME cli.sweep_task_at_a_run_limit_fails_with_the_message
         COMMAND greenfab sweep ${CMAKE_CURRENT_SOURCE_DIR}/data/sweep_run_limit.yaml -j 1
                 -o ${CMAKE_CURRENT_BINARY_DIR}/sweep_run_limit.h5)
set_tests_properties(cli.sweep_task_at_a_run_limit_fails_with_the_message PROPERTIES
                     PASS_REGULAR_EXPRESSION "2 of 4 tasks failed.*run limit reached: .*run\\.limits\\.wip: replication 0 stopped at simulated time .* with 101 parts")
