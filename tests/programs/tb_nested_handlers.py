try:
    try:
        {}["first"]
    except KeyError:
        [][0]
except IndexError:
    1 / 0
