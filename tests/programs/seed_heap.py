a = [0]*10
print(a)
