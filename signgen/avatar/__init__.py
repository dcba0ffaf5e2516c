"""The avatar: mesh, rig, skin weights, face targets (asset), appearance (look) and skinning (deform)."""
