# A queue already on the PBX can be imported by its number...
terraform import yeastar_queue.sales 6400

# ...or by its ID, with the prefix id: (a bare number is read as the queue's number).
terraform import yeastar_queue.sales id:3
