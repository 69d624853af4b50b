# Teaching labs (docs/teaching/): every lab's experiment file runs through `greenfab sweep` on a tiny
# horizon with one replication, so the commands printed in the lab pages keep working, and the lab
# figures script draws its figures from those files. The full-length runs are docs/teaching/make_figures.sh.
# The lab models themselves are checked and run briefly by cli.check.* / cli.short_run.* (cli_tests.cmake).
set(lab_short_horizon "set={run.warmup: 1 h, run.horizon: 2 d}")
file(GLOB lab_experiments CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/experiments/lab_*.yaml)
foreach(file IN LISTS lab_experiments)
  get_filename_component(stem ${file} NAME_WE)
  add_test(NAME cli.teaching.${stem}
           COMMAND greenfab sweep ${file} -q --set replications=2 --set "${lab_short_horizon}" -j 2
                   -o ${CMAKE_CURRENT_BINARY_DIR}/teaching_${stem}.h5)
  set_tests_properties(cli.teaching.${stem} PROPERTIES FIXTURES_SETUP teaching_${stem} TIMEOUT 60)
endforeach()

# The lab figures script on those short sweeps (one figure per kind; the numbers do not matter here).
set(lab_plots ${PROJECT_SOURCE_DIR}/docs/teaching/lab_plots.py)
foreach(spec IN ITEMS "littles|lab_littles_law|"
                      "kingman|lab_kingman|"
                      "standby|lab_auto_standby|"
                      "bars|lab_idle_energy|--kpis machine_energy_per_part_J,lead_time_mean_s"
                      "bars|lab_conwip_vs_push|--kpis throughput_per_h,wip_mean"
                      "lines|lab_smed_batch|--x batch --group setup --kpi lead_time_mean_s"
                      "bars|lab_pv_load_shifting|--kpis grid_import_J,scope2_location_kg"
                      "lines|lab_truck_consolidation|--x max_wait --kpi order_lead_time_mean_s,transport_scope1_kg/orders_delivered"
                      "bars|lab_make_to_order|--kpis order_production_time_mean_s,on_time_share"
                      "lines|lab_failure_preemption|--x cycle --group preemption --kpi throughput_per_h"
                      "stock|lab_make_to_stock|")
  string(REGEX MATCH "^([a-z]+)\\|([a-z_]+)\\|(.*)$" unused "${spec}")
  set(kind ${CMAKE_MATCH_1})
  set(stem ${CMAKE_MATCH_2})
  separate_arguments(extra UNIX_COMMAND "${CMAKE_MATCH_3}")
  add_test(NAME cli.teaching_plot.${stem}
           COMMAND /usr/bin/python3 ${lab_plots} ${kind} ${CMAKE_CURRENT_BINARY_DIR}/teaching_${stem}.h5
                   -o ${CMAKE_CURRENT_BINARY_DIR}/teaching_${stem}.png ${extra})
  set_tests_properties(cli.teaching_plot.${stem} PROPERTIES FIXTURES_REQUIRED teaching_${stem}
                       ENVIRONMENT "PYTHONPATH=${PROJECT_SOURCE_DIR}" TIMEOUT 60)
endforeach()
