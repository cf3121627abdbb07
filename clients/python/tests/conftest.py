pytest_plugins = ["vcdsim_control.pytest_plugin"]
