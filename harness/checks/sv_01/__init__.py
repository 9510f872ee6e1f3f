"""SV-01 Service items agree with the item library (code, name, type); none outside it is offered online (事项同源：展示的事项编码、名称、类型与事项库一致，库外事项不提供在线办理): see check.json beside this file."""
