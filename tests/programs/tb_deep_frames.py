def level1(x):
    return level2(x) + 1
def level2(x):
    y = x * 2
    return level3(y)
def level3(y):
    items = [1, 2, 3]
    return items[y]
print(level1(0))
print(level1(5))
