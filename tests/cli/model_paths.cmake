# Model paths on the command line (docs/model-format.md#model-paths): a selector that matches several
# stations is refused with exit 2, naming the count and the [*, ...] spelling; that spelling is accepted.
# models/industrial/pump_factory.yaml has three stations with buffer: unlimited.
set(paths_pump ${PROJECT_SOURCE_DIR}/models/industrial/pump_factory.yaml)
add_test(NAME cli.model_path.set_matching_several_is_refused
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/expect_bad_input.sh $<TARGET_FILE:greenfab>
                 "^--set stations\\[buffer=unlimited\\]\\.buffer=10: error: 'stations\\[buffer=unlimited\\]' matches 3 elements \\(stations\\[hmc\\], stations\\[impeller_lathe\\], stations\\[shaft_lathe\\]\\): write stations\\[\\*, buffer=unlimited\\] to change every one, or select one, e\\.g\\. stations\\[name=hmc\\]$"
                 run ${paths_pump} --set "stations[buffer=unlimited].buffer=10" -q
                 -o ${CMAKE_CURRENT_BINARY_DIR}/model_path_several.h5)
add_test(NAME cli.model_path.set_every_with_star
         COMMAND greenfab check ${paths_pump} --set "stations[*, buffer=unlimited].machines=3")
set_tests_properties(cli.model_path.set_every_with_star PROPERTIES PASS_REGULAR_EXPRESSION
  "hmc +3 .*housing_wash +1 .*impeller_lathe +3 .*balancing +1 .*shaft_lathe +3 .*assembly_S +2 ")
add_test(NAME cli.model_path.value_matching_nothing_suggests_one
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/expect_bad_input.sh $<TARGET_FILE:greenfab>
                 "no stations element has buffer=unlimitd \\(did you mean 'unlimited'\\?\\)"
                 check ${paths_pump} --set "stations[*, buffer=unlimitd].buffer=10")
add_test(NAME cli.model_path.bad_path
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/expect_bad_input.sh $<TARGET_FILE:greenfab>
                 "bad model path 'stations\\[\\*x\\]\\.buffer'"
                 check ${paths_pump} --set "stations[*x].buffer=10")
