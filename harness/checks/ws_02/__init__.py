"""WS-02 The 政务服务 link leads to the department's address on the Qinghai platform (附件1) (“政务服务”栏目链接至本部门在青海政务服务平台的地址（附件1）): see check.json beside this file."""
