"""The network map: the people around the family, their family ties, the genogram and the sociogram."""
