import PavlovSim
print(Placeholder.abi())
