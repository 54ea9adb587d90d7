"""Helpers of the acceptance suite: the processes it starts, the clients it drives them
with, and the oracles it checks them against."""
