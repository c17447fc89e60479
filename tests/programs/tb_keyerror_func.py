def lookup(table, name):
    return table[name]
prices = {"apple": 1.5, "pear": 2}
print(lookup(prices, "apple"))
print(lookup(prices, "banana"))
