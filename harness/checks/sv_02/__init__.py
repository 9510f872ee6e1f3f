"""SV-02 Service guides show every element the item library requires (办事指南要素齐全：受理条件、申请材料、办理流程、办理时限、收费标准、咨询方式等): see check.json beside this file."""
