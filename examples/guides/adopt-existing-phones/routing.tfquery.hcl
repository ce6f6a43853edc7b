# Every ring group, queue and IVR of the PBX, as yeastar_ring_group, yeastar_queue and
# yeastar_ivr resources, with their members, agents, keys and destinations as the PBX holds them.
list "yeastar_ring_group" "groups" {
  provider = yeastar
  limit    = 1000
}

list "yeastar_queue" "queues" {
  provider = yeastar
  limit    = 1000
}

list "yeastar_ivr" "menus" {
  provider = yeastar
  limit    = 1000
}
