def parse(s):
    return int(s)
def handler(items):
    out = []
    for it in items:
        try:
            out.append(parse(it))
        except ValueError:
            out.append(undefined_fallback(it))
    return out
print(handler(["1", "2"]))
print(handler(["3", "x"]))
