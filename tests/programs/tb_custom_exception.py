class AppError(Exception):
    pass
class ConfigError(AppError):
    def __init__(self, key):
        super().__init__("bad config key: " + key)
def check(cfg):
    if "port" not in cfg:
        raise ConfigError("port")
check({"port": 1})
print("first ok")
check({})
