def load(key):
    data = {"a": 1}
    try:
        return data[key]
    except KeyError as e:
        raise ValueError("missing key %r" % key) from e
def main():
    return load("b")
main()
