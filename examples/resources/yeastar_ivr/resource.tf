# The main menu: "press 1 for support, 2 for the front desk, 0 for the operator". A caller who
# presses nothing, or a key without a destination, goes to the front desk. The queue and the
# ring group were made in the web portal. The keys are set here, so they are exactly these: see
# yeastar_ivr_key for keys managed one by one instead.
data "yeastar_queue" "support" {
  number = "6490"
}

data "yeastar_ring_group" "front_desk" {
  number = "6390"
}

data "yeastar_extension" "operator" {
  number = "2000"
}

resource "yeastar_ivr" "main" {
  number          = "6500"
  name            = "Main menu"
  prompt          = "welcome.wav,main-menu.wav"
  prompt_repeat   = 2
  dial_extensions = true
  keys = {
    "1" = { type = "queue", id = data.yeastar_queue.support.id }
    "2" = { type = "ring_group", id = data.yeastar_ring_group.front_desk.id }
    "0" = { type = "extension", id = data.yeastar_extension.operator.id }
    "9" = { type = "play_greeting", prompt = "after-hours.wav", repeat = 2 }
  }
  timeout_destination = { type = "ring_group", id = data.yeastar_ring_group.front_desk.id }
  invalid_destination = { type = "ring_group", id = data.yeastar_ring_group.front_desk.id }
}
