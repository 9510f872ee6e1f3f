"""PI-10 Users can access, correct and delete their data and close their account (提供查询、更正、删除个人信息及注销账户的功能): see check.json beside this file."""
