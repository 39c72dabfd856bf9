import CNet
