"""Flower apps around ropscreen's Swift trainer: a ServerApp that coordinates and a ClientApp that trains at each site."""
