"""The log: short updates from everyone in the network, newest first."""
