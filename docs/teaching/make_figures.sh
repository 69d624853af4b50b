#!/bin/sh
# Regenerates every figure of the teaching labs (docs/teaching/figures/*.png) with the real tool: the
# lab sweeps and runs at their full length, then the analysis package and docs/teaching/lab_plots.py.
# Run from anywhere; takes a few minutes on two cores.
#   docs/teaching/make_figures.sh                   # uses build/greenfab
#   GREENFAB=/path/to/greenfab JOBS=4 docs/teaching/make_figures.sh
# The HDF5 files and the `greenfab report` tables quoted in the labs are left in results/teaching/.
set -eu
cd "$(dirname "$0")/../.."
G=${GREENFAB:-build/greenfab}
J=${JOBS:-2}
PY=/usr/bin/python3
R=results/teaching
F=docs/teaching/figures
mkdir -p "$R" "$F"
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
sweep() { # sweep NAME: experiments/lab_NAME.yaml -> results/teaching/NAME.h5 and NAME.txt
  "$G" sweep "experiments/lab_$1.yaml" -q -j "$J" -o "$R/$1.h5" > /dev/null
  "$G" report "$R/$1.h5" --kpis "$2" > "$R/$1.txt"
}
plot() { $PY docs/teaching/lab_plots.py "$@"; }
fig() { $PY -m analysis "$@"; }

# Lab 1: Little's law
sweep littles_law throughput_per_h,lead_time_mean_s,wip_mean,littles_law_wip
"$G" run models/teaching/mm1.yaml -q -j "$J" -o "$R/mm1.h5" > "$R/mm1.txt"
plot littles "$R/littles_law.h5" -o "$F/lab1_littles_law.png"

# Lab 2: bottlenecks
"$G" check models/teaching/bottleneck_line.yaml > "$R/bottleneck_check.txt"
"$G" run models/teaching/bottleneck_line.yaml -j "$J" -o "$R/bottleneck.h5" > "$R/bottleneck.txt"
"$G" run models/teaching/bottleneck_line.yaml --set "stations[mill].machines=2" -j "$J" \
     -o "$R/bottleneck_two_mills.h5" > "$R/bottleneck_two_mills.txt"
fig states "$R/bottleneck.h5" -o "$F/lab2_states_one_mill.png"
fig states "$R/bottleneck_two_mills.h5" -o "$F/lab2_states_two_mills.png"

# Lab 3: Kingman
sweep kingman throughput_per_h,lead_time_mean_s,wip_mean
plot kingman "$R/kingman.h5" -o "$F/lab3_kingman.png"

# Lab 4: CONWIP vs push
sweep conwip_vs_push throughput_per_h,wip_mean,lead_time_mean_s,lead_time_p90_s
plot bars "$R/conwip_vs_push.h5" --kpis throughput_per_h,wip_mean,lead_time_mean_s,lead_time_p90_s \
     --highlight conwip --title "Lab 4: push (blue) vs CONWIP (orange) at matching throughputs" \
     -o "$F/lab4_conwip_vs_push.png"

# Lab 5: SMED and batch size
sweep smed_batch throughput_per_h,lead_time_mean_s,wip_mean,backlog_end
plot lines "$R/smed_batch.h5" --x batch --group setup --kpi lead_time_mean_s --ymax 2.5 \
     --xlabel "batch size k (parts)" --title "Lab 5: lead time against batch size, before and after SMED" \
     -o "$F/lab5_smed_batch.png"

# Lab 6: idle energy and auto-standby
sweep auto_standby machine_power_mean_W,lead_time_mean_s,throughput_per_h
plot standby "$R/auto_standby.h5" -o "$F/lab6_auto_standby.png"
sweep idle_energy machine_energy_J,machine_energy_per_part_J,lead_time_mean_s,throughput_per_h
plot bars "$R/idle_energy.h5" --kpis machine_energy_per_part_J,lead_time_mean_s,throughput_per_h \
     --highlight left_on --title "Lab 6: green kaizen steps on a two-shift cell (orange: as found)" \
     -o "$F/lab6_idle_energy.png"

# Lab 7: PV and load shifting
sweep pv_load_shifting grid_import_J,scope2_location_kg,pv_self_consumption_share,energy_cost,throughput_per_h
plot bars "$R/pv_load_shifting.h5" --kpis grid_import_J,scope2_location_kg,pv_self_consumption_share,energy_cost \
     --highlight no_pv --title "Lab 7: PV, load shifting and battery dispatch, June fortnight, DK2" \
     -o "$F/lab7_pv_scenarios.png"
"$G" run models/teaching/pv_load_shifting.yaml -q --reps 1 \
     --set "site.battery={capacity: 200 kWh, power: 100 kW, efficiency: 90 %, dispatch: self_consumption}" \
     -o "$R/pv_battery.h5" > "$R/pv_battery.txt"
plot hourly "$R/pv_battery.h5" --days 7 -o "$F/lab7_hourly_pv_battery.png" \
     --title "Lab 7: one June week, 300 kWp PV and a 200 kWh battery (self-consumption), DK2 grid factor"

# Lab 8: truck consolidation
sweep truck_consolidation order_lead_time_mean_s,transport_load_factor,transport_vehicle_km,transport_scope1_kg,on_time_share
plot lines "$R/truck_consolidation.h5" --x max_wait --xlabel "max_wait: longest wait of a truck's first order (h)" \
     --kpi order_lead_time_mean_s,transport_load_factor,transport_scope1_kg/orders_delivered,on_time_share \
     --title "Lab 8: fuller trucks against lead time" -o "$F/lab8_truck_consolidation.png"

# Lab 9: make to order
sweep make_to_order order_production_time_mean_s,order_lead_time_mean_s,on_time_share,order_quantity_mean
plot bars "$R/make_to_order.h5" --kpis order_production_time_mean_s,on_time_share \
     --title "Lab 9: the OEM's order size at the same pumps per week" -o "$F/lab9_make_to_order.png"

# Lab 10: failure preemption
sweep failure_preemption throughput_per_h,lead_time_mean_s,wip_mean
plot lines "$R/failure_preemption.h5" --x cycle --group preemption --kpi throughput_per_h,lead_time_mean_s \
     --title "Lab 10: a furnace that fails, by what the failure does to the charge" -o "$F/lab10_failure_preemption.png"

# Lab 11: make to stock
sweep make_to_stock fg_fill_rate,fg_on_hand_mean,fg_backorders_mean,fg_customer_wait_mean_s
plot stock "$R/make_to_stock.h5" -o "$F/lab11_make_to_stock.png"
echo "figures in $F, results and tables in $R"
