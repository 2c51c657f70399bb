import Torch
